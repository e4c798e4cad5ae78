import GRDB
import Planning

/// The SQLite store of groups and their plans.
public enum PlannerStoreModule {}
