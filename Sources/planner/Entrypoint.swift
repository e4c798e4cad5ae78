import ArgumentParser
import PlannerCommands

@main
struct Entrypoint {
    static func main() {
        PlannerCommand.main()
    }
}
