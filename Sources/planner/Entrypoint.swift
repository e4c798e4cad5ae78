import PlannerCommands
import ArgumentParser

@main
struct Entrypoint {
    static func main() {
        PlannerCommand.main()
    }
}
