package clinic.content.library;

/**
 * DRAFT versions are being written; one PUBLISHED version per item and language goes into new
 * packets; RETIRED versions were published once and stay, so that the packets that pinned them
 * still show exactly what the patient was given.
 */
public enum ItemStatus {
  DRAFT,
  PUBLISHED,
  RETIRED
}
