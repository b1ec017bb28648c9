package clinic.content.library;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.serde.annotation.Serdeable;

/** One search result: the item's published version, and how well it matched (higher is better). */
@Introspected
@Serdeable
record SearchHit(
    String slug,
    String locale,
    int version,
    String title,
    ItemKind kind,
    String summary,
    double rank) {}
