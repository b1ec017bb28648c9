package clinic.content.library;

import clinic.events.Cause;
import clinic.events.Route;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One file of the education library as written and reviewed in the repository: {@code
 * library/<slug>.<locale>.md}, YAML front matter (slug, locale, title, kind, causes, routes,
 * summary, reviewer, reviewed) and a Markdown body.
 */
record LibraryFile(
    String name,
    String sha256,
    String slug,
    String locale,
    String title,
    ItemKind kind,
    List<String> causes,
    List<String> routes,
    String summary,
    String reviewer,
    LocalDate reviewedOn,
    String body) {

  static final String DIRECTORY = "library";
  private static final Pattern NAME = Pattern.compile("^([a-z0-9-]+)\\.([a-z]{2})\\.md$");
  private static final Pattern FRONT_MATTER =
      Pattern.compile("\\A---\\R(.*?)\\R---\\R(.*)\\z", Pattern.DOTALL);

  /** This file's content as a new published version of its item. */
  EducationItem toVersion(int version) {
    return new EducationItem(
        null,
        slug,
        locale,
        version,
        title,
        kind,
        summary,
        body,
        causes,
        routes,
        ItemStatus.PUBLISHED,
        reviewer,
        reviewedOn,
        sha256,
        null,
        null,
        null,
        null);
  }

  /**
   * Reads and checks one file. A file that breaks the format stops the load (and so the start-up):
   * half a library must not reach patients.
   */
  static LibraryFile parse(String name, byte[] content) {
    Matcher fileName = NAME.matcher(name);
    if (!fileName.matches()) {
      throw invalid(name, "the name must be <slug>.<locale>.md");
    }
    Matcher parts = FRONT_MATTER.matcher(new String(content, StandardCharsets.UTF_8));
    if (!parts.matches()) {
      throw invalid(name, "the file must start with front matter between two '---' lines");
    }
    Map<String, Object> front;
    try {
      front = new Yaml(new SafeConstructor(new LoaderOptions())).load(parts.group(1));
    } catch (RuntimeException e) {
      throw invalid(name, "the front matter is not YAML: " + e.getMessage());
    }
    if (front == null) {
      throw invalid(name, "the front matter is empty");
    }
    String slug = text(name, front, "slug");
    String locale = text(name, front, "locale");
    if (!slug.equals(fileName.group(1)) || !locale.equals(fileName.group(2))) {
      throw invalid(name, "slug and locale must match the file name");
    }
    String body = parts.group(2).strip();
    if (body.isEmpty()) {
      throw invalid(name, "the body is empty");
    }
    return new LibraryFile(
        name,
        hash(content),
        slug,
        locale,
        text(name, front, "title"),
        kind(name, text(name, front, "kind")),
        names(name, front, "causes", Cause.class),
        names(name, front, "routes", Route.class),
        text(name, front, "summary"),
        text(name, front, "reviewer"),
        date(name, front.get("reviewed")),
        body + "\n");
  }

  /** Every file of the library on the class path, by name. */
  static Map<String, byte[]> readAll(ClassLoader loader) {
    URL directory = loader.getResource(DIRECTORY + "/");
    if (directory == null) {
      throw new IllegalStateException("The education library (" + DIRECTORY + "/) is missing");
    }
    Map<String, byte[]> files = new TreeMap<>();
    try {
      if ("jar".equals(directory.getProtocol())) {
        URLConnection connection = directory.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = ((JarURLConnection) connection).getJarFile()) {
          for (JarEntry entry : jar.stream().toList()) {
            String path = entry.getName();
            if (!entry.isDirectory()
                && path.startsWith(DIRECTORY + "/")
                && path.indexOf('/', DIRECTORY.length() + 1) < 0) {
              try (InputStream in = jar.getInputStream(entry)) {
                files.put(path.substring(DIRECTORY.length() + 1), in.readAllBytes());
              }
            }
          }
        }
      } else {
        try (Stream<Path> paths = Files.list(Path.of(directory.toURI()))) {
          for (Path path : paths.filter(Files::isRegularFile).toList()) {
            files.put(path.getFileName().toString(), Files.readAllBytes(path));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the education library", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("Cannot read the education library", e);
    }
    files.keySet().removeIf(name -> !name.endsWith(".md"));
    return files;
  }

  /** A digest of every file's name and content: changes whenever any file changes. */
  static byte[] fingerprint(Map<String, byte[]> files) {
    MessageDigest digest = newDigest();
    files.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
        .forEach(
            file -> {
              digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
              digest.update((byte) 0);
              digest.update(file.getValue());
              digest.update((byte) 0);
            });
    return digest.digest();
  }

  private static String hash(byte[] content) {
    return HexFormat.of().formatHex(newDigest().digest(content));
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }

  private static String text(String name, Map<String, Object> front, String key) {
    Object value = front.get(key);
    if (!(value instanceof String text) || text.isBlank()) {
      throw invalid(name, "'" + key + "' must be a non-empty text");
    }
    return text.strip();
  }

  private static ItemKind kind(String name, String kind) {
    try {
      return ItemKind.valueOf(kind);
    } catch (IllegalArgumentException e) {
      throw invalid(name, "'kind' must be one of " + Arrays.toString(ItemKind.values()));
    }
  }

  private static <E extends Enum<E>> List<String> names(
      String name, Map<String, Object> front, String key, Class<E> type) {
    Object value = front.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof Collection<?> values)) {
      throw invalid(name, "'" + key + "' must be a list");
    }
    List<String> names = new ArrayList<>();
    for (Object element : values) {
      try {
        names.add(Enum.valueOf(type, String.valueOf(element)).name());
      } catch (IllegalArgumentException e) {
        throw invalid(
            name,
            "'" + key + "' holds " + element + ", not one of " + Arrays.toString(enumNames(type)));
      }
    }
    return List.copyOf(names);
  }

  private static LocalDate date(String name, Object value) {
    if (value instanceof Date date) {
      return date.toInstant().atZone(ZoneOffset.UTC).toLocalDate();
    }
    try {
      return LocalDate.parse(String.valueOf(value));
    } catch (RuntimeException e) {
      throw invalid(name, "'reviewed' must be a date (yyyy-mm-dd)");
    }
  }

  private static String[] enumNames(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new);
  }

  private static IllegalStateException invalid(String name, String problem) {
    return new IllegalStateException("Library file " + name + ": " + problem);
  }
}
