import PlannerCommands

@main
struct Entrypoint {
    static func main() async {
        await PlannerCommand.main()
    }
}
