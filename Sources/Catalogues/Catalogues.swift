import Planning
import Yams

/// Reads and validates the human-edited YAML under `Config/` into `Planning` values.
public enum CataloguesModule {}
