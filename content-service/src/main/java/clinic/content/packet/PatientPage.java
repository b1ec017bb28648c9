package clinic.content.packet;

import clinic.content.library.EducationItem;
import clinic.content.library.ItemKind;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML of the patient's page, and of the page for a link that leads nowhere. Written for
 * anyone: plain words, large type (18 px and up, growing with the reader's own setting), one column
 * that fits a phone, a print layout without the contents list and with each item on its own page,
 * and no script at all. When triage found a red flag, the warning signs come first, before the
 * contents, in a red frame with a sentence saying why.
 */
final class PatientPage {

  /** The wording around the items, per language; items themselves come from the library. */
  record Wording(
      String heading,
      String notDiagnosis,
      String notice,
      String redFlagLead,
      String contents,
      String skipLink,
      String reviewed,
      String notFoundTitle,
      String notFoundText) {}

  static final Map<String, Wording> WORDING =
      Map.of(
          "en",
          new Wording(
              "Your information pack",
              "Information, not a diagnosis.",
              "This page explains things that may be causing your pain and what your next steps"
                  + " can involve. It is not a diagnosis: your clinician will confirm what is"
                  + " going on and what to do next.",
              "Your answers include a warning sign. Read this part first, and get help now if any"
                  + " of these signs apply to you.",
              "On this page",
              "Skip to the information",
              "Last checked:",
              "This link does not work",
              "We could not find this information pack. The link may be incomplete or out of"
                  + " date. Check that you used the whole link, or ask the clinic to send it"
                  + " again."),
          "es",
          new Wording(
              "Su información",
              "Información, no un diagnóstico.",
              "Esta página explica lo que puede estar causando su dolor y en qué pueden consistir"
                  + " los siguientes pasos. No es un diagnóstico: su profesional de salud"
                  + " confirmará lo que ocurre y qué hacer después.",
              "Sus respuestas incluyen una señal de alarma. Lea primero esta parte y busque ayuda"
                  + " ahora si alguna de estas señales le ocurre.",
              "En esta página",
              "Saltar a la información",
              "Última revisión:",
              "Este enlace no funciona",
              "No encontramos esta información. Puede que el enlace esté incompleto o que ya no"
                  + " sea válido. Compruebe que usó el enlace completo o pida a la clínica que se"
                  + " lo envíe de nuevo."));

  static final String STYLE =
      """
      html{font-size:112.5%;-webkit-text-size-adjust:100%;text-size-adjust:100%}\
      body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;\
      font-size:1rem;line-height:1.6;color:#1a1a1a;background:#fff}\
      .page{max-width:44rem;margin:0 auto;padding:1rem 1.25rem 3rem}\
      h1{font-size:1.75rem;line-height:1.25;margin:1.25rem 0 .75rem}\
      h2{font-size:1.45rem;line-height:1.3;margin:0 0 .75rem}\
      h3{font-size:1.2rem;line-height:1.35;margin:1.5rem 0 .5rem}\
      h4,h5,h6{font-size:1.05rem;margin:1.25rem 0 .5rem}\
      p,ul,ol{margin:0 0 1rem}li{margin-bottom:.35rem}\
      a{color:#0b4f9c;text-decoration:underline;text-underline-offset:.15em}\
      a:focus-visible,main:focus-visible{outline:3px solid #0b4f9c;outline-offset:3px}\
      .skip-link{position:absolute;left:-100vw;top:.5rem;background:#fff;color:#0b4f9c;\
      padding:.5rem 1rem;border:2px solid #0b4f9c;z-index:1}\
      .skip-link:focus{left:.5rem}\
      .notice{background:#eef4fb;border-left:6px solid #0b4f9c;padding:.75rem 1rem;margin:0 0 1rem}\
      .toc{margin:1.5rem 0;padding:1rem 1.25rem;border:1px solid #c8c8c8;border-radius:8px}\
      .toc h2{font-size:1.2rem}.toc ol{margin:0;padding-left:1.5rem}\
      article{margin:1.5rem 0;padding:1rem 1.25rem;border:1px solid #c8c8c8;border-radius:8px;\
      overflow-wrap:break-word}\
      article.warning-signs{border:3px solid #b3261e;background:#fff6f5}\
      article.warning-signs h2{color:#8c1d18}\
      .urgent-lead{font-size:1.1rem;font-weight:700;color:#8c1d18}\
      .reviewed{font-size:.9rem;color:#4a4a4a;margin:1rem 0 0}\
      .table-scroll{overflow-x:auto;margin:0 0 1rem}\
      .table-scroll:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}\
      table{border-collapse:collapse;width:100%;min-width:30rem}\
      th,td{border:1px solid #6b6b6b;padding:.5rem .6rem;text-align:left;vertical-align:top}\
      thead th{background:#eef1f5}tbody th{background:#f7f7f7}\
      @media (max-width:36rem){.page{padding:.75rem .75rem 2rem}article{padding:.75rem}\
      th,td{padding:.4rem}}\
      @media print{html{font-size:12pt}body{color:#000;background:#fff}\
      .page{max-width:none;padding:0}.skip-link,.toc{display:none}\
      .notice{background:none;border:1pt solid #000}\
      article,article.warning-signs{border:0;background:none;padding:0;margin:0}\
      article.warning-signs{border:2pt solid #000;padding:.5em}\
      article.warning-signs h2,.urgent-lead,.reviewed{color:#000}\
      article+article,article.warning-signs+.toc+article{break-before:page;\
      page-break-before:always}\
      h2,h3{break-after:avoid;page-break-after:avoid}tr{break-inside:avoid}\
      .table-scroll{overflow:visible}table{min-width:0}\
      a{color:#000}thead th,tbody th{background:none}}\
      """;

  /** The page allows exactly this style sheet and nothing else (no script, no other style). */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src '"
          + styleHash()
          + "'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final SafeMarkdown markdown = new SafeMarkdown();

  String render(AssignedPacket assigned) {
    Packet packet = assigned.packet();
    String language = packet.language();
    Wording wording = wording(language);
    List<EducationItem> items = assigned.items();
    List<EducationItem> first = new ArrayList<>();
    List<EducationItem> rest = new ArrayList<>(items);
    if (packet.redFlag() && !items.isEmpty() && items.get(0).kind() == ItemKind.WARNING_SIGNS) {
      first.add(rest.remove(0));
    }

    StringBuilder page = start(language, wording.heading(), wording);
    page.append("<header class=\"page-header\">\n<h1>")
        .append(escape(wording.heading()))
        .append("</h1>\n<p class=\"notice\"><strong>")
        .append(escape(wording.notDiagnosis()))
        .append("</strong> ")
        .append(escape(wording.notice()))
        .append("</p>\n</header>\n<main id=\"main_content\" tabindex=\"-1\">\n");
    for (EducationItem item : first) {
      article(page, item, language, wording, true);
    }
    page.append("<nav class=\"toc\" aria-labelledby=\"toc_title\">\n<h2 id=\"toc_title\">")
        .append(escape(wording.contents()))
        .append("</h2>\n<ol>\n");
    for (EducationItem item : items) {
      page.append("<li><a href=\"#")
          .append(anchor(item))
          .append("\">")
          .append(escape(item.title()))
          .append("</a></li>\n");
    }
    page.append("</ol>\n</nav>\n");
    for (EducationItem item : rest) {
      article(page, item, language, wording, false);
    }
    return page.append("</main>\n</div>\n</body>\n</html>\n").toString();
  }

  /** For a link that leads to no packet: says so in the patient's languages, asks for a new one. */
  String notFound(List<String> languages) {
    List<String> order = new ArrayList<>();
    for (String language : languages) {
      if (WORDING.containsKey(language) && !order.contains(language)) {
        order.add(language);
      }
    }
    for (String language : List.of("en", "es")) {
      if (!order.contains(language)) {
        order.add(language);
      }
    }
    String main = order.get(0);
    StringBuilder page = start(main, WORDING.get(main).notFoundTitle(), WORDING.get(main));
    page.append("<main id=\"main_content\" tabindex=\"-1\">\n");
    for (String language : order) {
      Wording wording = WORDING.get(language);
      boolean isMain = language.equals(main);
      page.append(isMain ? "<section" : "<section lang=\"" + language + "\"")
          .append(" aria-labelledby=\"not-found-")
          .append(language)
          .append("\">\n")
          .append(isMain ? "<h1" : "<h2")
          .append(" id=\"not-found-")
          .append(language)
          .append("\">")
          .append(escape(wording.notFoundTitle()))
          .append(isMain ? "</h1>" : "</h2>")
          .append("\n<p>")
          .append(escape(wording.notFoundText()))
          .append("</p>\n</section>\n");
    }
    return page.append("</main>\n</div>\n</body>\n</html>\n").toString();
  }

  private static StringBuilder start(String language, String title, Wording wording) {
    return new StringBuilder(16384)
        .append("<!DOCTYPE html>\n<html lang=\"")
        .append(escape(language))
        .append("\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"robots\" content=\"noindex, nofollow\">\n")
        .append("<title>")
        .append(escape(title))
        .append("</title>\n<style>")
        .append(STYLE)
        .append("</style>\n</head>\n<body>\n<a class=\"skip-link\" href=\"#main_content\">")
        .append(escape(wording.skipLink()))
        .append("</a>\n<div class=\"page\">\n");
  }

  private void article(
      StringBuilder page, EducationItem item, String language, Wording wording, boolean urgent) {
    String anchor = anchor(item);
    page.append("<article id=\"").append(anchor).append('"');
    if (!item.locale().equals(language)) {
      // Not translated yet: the browser and screen readers must read it as English.
      page.append(" lang=\"").append(escape(item.locale())).append('"');
    }
    page.append(" class=\"")
        .append(item.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'))
        .append("\" aria-labelledby=\"")
        .append(anchor)
        .append("_title\">\n<h2 id=\"")
        .append(anchor)
        .append("_title\">")
        .append(escape(item.title()))
        .append("</h2>\n");
    if (urgent) {
      page.append("<p class=\"urgent-lead\"")
          .append(item.locale().equals(language) ? "" : " lang=\"" + escape(language) + "\"")
          .append('>')
          .append(escape(wording.redFlagLead()))
          .append("</p>\n");
    }
    page.append(markdown.toHtml(item.bodyMarkdown()));
    if (item.reviewedOn() != null) {
      page.append("<p class=\"reviewed\"")
          .append(item.locale().equals(language) ? "" : " lang=\"" + escape(language) + "\"")
          .append('>')
          .append(escape(wording.reviewed()))
          .append(" <time datetime=\"")
          .append(item.reviewedOn())
          .append("\">")
          .append(
              escape(
                  DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                      .withLocale(Locale.forLanguageTag(language))
                      .format(item.reviewedOn())))
          .append("</time></p>\n");
    }
    page.append("</article>\n");
  }

  static Wording wording(String language) {
    return WORDING.getOrDefault(language, WORDING.get("en"));
  }

  /**
   * Slugs are lower-case words and hyphens (the database checks it), so the page's own ids, which
   * hold an underscore, never clash with an item's. Escaped all the same.
   */
  private static String anchor(EducationItem item) {
    return escape(item.slug());
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

  private static String styleHash() {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(STYLE.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every JDK has SHA-256", e);
    }
  }
}
