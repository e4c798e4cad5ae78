import Hummingbird
import Logging

/// The `plannerd` daemon as a library.
public enum PlannerServerModule {}
