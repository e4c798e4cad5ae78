import PlannerServer

@main
struct Entrypoint {
    static func main() async throws {
    }
}
