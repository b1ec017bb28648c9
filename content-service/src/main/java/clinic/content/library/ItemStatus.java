package clinic.content.library;

/** Only published items go into packets; retired ones stay so that old packets still render. */
public enum ItemStatus {
  DRAFT,
  PUBLISHED,
  RETIRED
}
