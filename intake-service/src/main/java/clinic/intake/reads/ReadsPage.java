package clinic.intake.reads;

import java.util.List;

/** A page of reads, newest first; {@code hasNext} when an older page exists. */
record ReadsPage(List<Read> reads, int page, int size, boolean hasNext) {

  static final int DEFAULT_SIZE = 50;
  static final int MAX_SIZE = 200;

  /** The page size asked for, kept between 1 and {@link #MAX_SIZE}. */
  static int size(Integer asked) {
    return asked == null ? DEFAULT_SIZE : Math.clamp(asked, 1, MAX_SIZE);
  }

  static int page(Integer asked) {
    return asked == null ? 0 : Math.max(asked, 0);
  }
}
