package clinic.content.packet;

import clinic.content.library.EducationItem;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Map;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The patient's page: the packet's items, reached through the unguessable link in {@code
 * EducationAssigned}. Item bodies are Markdown written by staff; raw HTML in them is escaped, never
 * passed through, and link targets are sanitised.
 */
@Controller("/education")
@ExecuteOn(TaskExecutors.BLOCKING)
class EducationPage {

  private static final Map<String, Wording> WORDING =
      Map.of(
          "en",
          new Wording(
              "Your information pack",
              "This page is general information to help you understand your symptoms. It is not a"
                  + " diagnosis: your clinician will confirm what is going on and what to do"
                  + " next."),
          "es",
          new Wording(
              "Su información",
              "Esta página es información general para ayudarle a entender sus síntomas. No es un"
                  + " diagnóstico: su profesional de salud confirmará lo que ocurre y los"
                  + " siguientes pasos."));

  private final PacketReader packets;
  private final Parser markdown = Parser.builder().build();
  private final HtmlRenderer html =
      HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

  EducationPage(PacketReader packets) {
    this.packets = packets;
  }

  @Get("/{token}")
  @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
  HttpResponse<String> page(String token) {
    AssignedPacket packet =
        packets
            .byAccessToken(token)
            .orElseThrow(
                () -> new HttpStatusException(HttpStatus.NOT_FOUND, "No such information pack"));
    return HttpResponse.ok(render(packet))
        // The token in the address is the only key to the page: keep it out of caches,
        // referrers and search engines, and let the page run no script at all.
        .header("Cache-Control", "no-store")
        .header("Referrer-Policy", "no-referrer")
        .header("X-Robots-Tag", "noindex")
        .header("X-Content-Type-Options", "nosniff")
        .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  }

  String render(AssignedPacket assigned) {
    String language = assigned.packet().language();
    Wording wording = WORDING.getOrDefault(language, WORDING.get("en"));
    StringBuilder page = new StringBuilder(4096);
    page.append("<!DOCTYPE html>\n<html lang=\"")
        .append(escape(language))
        .append("\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>")
        .append(escape(wording.heading()))
        .append("</title>\n<style>")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n<main>\n<h1>")
        .append(escape(wording.heading()))
        .append("</h1>\n<p class=\"notice\">")
        .append(escape(wording.notice()))
        .append("</p>\n");
    for (EducationItem item : assigned.items()) {
      page.append("<article id=\"").append(escape(item.slug())).append('"');
      if (!item.locale().equals(language)) {
        page.append(" lang=\"").append(escape(item.locale())).append('"');
      }
      page.append(" class=\"")
          .append(item.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
          .append("\">\n<h2>")
          .append(escape(item.title()))
          .append("</h2>\n")
          .append(html.render(markdown.parse(item.bodyMarkdown())))
          .append("</article>\n");
    }
    return page.append("</main>\n</body>\n</html>\n").toString();
  }

  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '&' -> escaped.append("&amp;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private record Wording(String heading, String notice) {}

  private static final String STYLE =
      """
      body{margin:0;font:1.05rem/1.6 system-ui,sans-serif;color:#1b1b1b;background:#fafafa}\
      main{max-width:42rem;margin:0 auto;padding:1.5rem}\
      h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:0}\
      .notice{background:#eef4fb;border-left:4px solid #2a6bb0;padding:.75rem 1rem}\
      article{background:#fff;border:1px solid #ddd;border-radius:6px;padding:1rem 1.25rem;\
      margin:1rem 0}\
      article.warning-signs{border:2px solid #b3261e;background:#fff5f4}\
      """;
}
