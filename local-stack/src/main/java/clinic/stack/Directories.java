package clinic.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Recursive delete, for {@code --fresh} and for test directories. Symbolic links are not followed.
 */
final class Directories {

  private Directories() {}

  static void delete(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** Deletes everything in {@code directory} except {@code keep}. */
  static void deleteContents(Path directory, Path keep) throws IOException {
    try (Stream<Path> children = Files.list(directory)) {
      for (Path child : children.filter(path -> !path.equals(keep)).toList()) {
        delete(child);
      }
    }
  }
}
