package clinic.content.packet;

import clinic.content.library.EducationItem;
import clinic.content.library.ItemKind;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.views.thymeleaf.ThymeleafViewsRenderer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The HTML of the patient's page, and of the pages for a link that leads nowhere, has expired or
 * was revoked, rendered by Thymeleaf (micronaut-views) from {@code views/education/}. Written for
 * anyone: plain words, large type (18 px and up, growing with the reader's own setting), one column
 * that fits a phone, a print layout without the contents list and with each item on its own page,
 * and no script at all. When triage found a red flag, the warning signs come first, before the
 * contents, in a red frame with a sentence saying why. The templates escape every text ({@code
 * th:text}); only the item bodies, which {@link SafeMarkdown} has made safe, go in unescaped.
 *
 * <p>The page models are public records only because the template engine reads them by reflection;
 * nothing outside this package uses them.
 */
@Singleton
final class PatientPage {

  /** The wording around the items, per language; items themselves come from the library. */
  public record Wording(
      String heading,
      String notDiagnosis,
      String notice,
      String redFlagLead,
      String contents,
      String skipLink,
      String reviewed,
      String notFoundTitle,
      String notFoundText,
      String expiredTitle,
      String expiredText,
      String revokedTitle,
      String revokedText) {}

  /** The patient's page: the warning signs first when urgent, the contents, then the rest. */
  public record Page(
      String language,
      String style,
      Wording wording,
      List<Article> first,
      List<Article> contents,
      List<Article> rest) {}

  /**
   * One item as the page shows it.
   *
   * @param lang the item's language when it differs from the page's (not translated yet), else null
   * @param wordingLang the page's language for the page's own words inside such an item, else null
   * @param urgentLead the red-flag sentence for warning signs shown first, else null
   */
  public record Article(
      String anchor,
      @Nullable String lang,
      String kind,
      String title,
      @Nullable String urgentLead,
      @Nullable String wordingLang,
      String bodyHtml,
      @Nullable LocalDate reviewedOn,
      String reviewedLabel,
      @Nullable String reviewedText) {}

  /** A page that says why there is no packet to show, in every language, the reader's first. */
  public record NoticePage(
      String id,
      String language,
      String title,
      String skipLink,
      String style,
      List<Notice> notices) {}

  public record Notice(String language, boolean main, String title, String text) {}

  /** Why a link shows no packet; none of them says anything about the patient or the packet. */
  enum Reason {
    NOT_FOUND("not-found", Wording::notFoundTitle, Wording::notFoundText),
    EXPIRED("expired", Wording::expiredTitle, Wording::expiredText),
    REVOKED("revoked", Wording::revokedTitle, Wording::revokedText);

    private final String id;
    private final Function<Wording, String> title;
    private final Function<Wording, String> text;

    Reason(String id, Function<Wording, String> title, Function<Wording, String> text) {
      this.id = id;
      this.title = title;
      this.text = text;
    }
  }

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
                  + " again.",
              "This link has expired",
              "Links to information packs work for a limited time, and this one has expired."
                  + " Please ask the clinic for a new one.",
              "This information is no longer available",
              "The information pack at this link is no longer available. If you have"
                  + " questions, please contact the clinic."),
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
                  + " lo envíe de nuevo.",
              "Este enlace ha caducado",
              "Los enlaces a la información funcionan durante un tiempo limitado y este ya ha"
                  + " caducado. Pida a la clínica uno nuevo, por favor.",
              "Esta información ya no está disponible",
              "La información de este enlace ya no está disponible. Si tiene preguntas,"
                  + " comuníquese con la clínica."));

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
  private final ThymeleafViewsRenderer<Object> views;

  PatientPage(ThymeleafViewsRenderer<Object> views) {
    this.views = views;
  }

  String render(AssignedPacket assigned, HttpRequest<?> request) {
    Packet packet = assigned.packet();
    String language = packet.language();
    Wording wording = wording(language);
    List<EducationItem> items = assigned.items();
    List<EducationItem> first = new ArrayList<>();
    List<EducationItem> rest = new ArrayList<>(items);
    if (packet.redFlag() && !items.isEmpty() && items.get(0).kind() == ItemKind.WARNING_SIGNS) {
      first.add(rest.remove(0));
    }
    return html(
        "education/page",
        new Page(
            language,
            STYLE,
            wording,
            first.stream().map(item -> article(item, language, wording, true)).toList(),
            items.stream().map(item -> article(item, language, wording, false)).toList(),
            rest.stream().map(item -> article(item, language, wording, false)).toList()),
        request);
  }

  /** Says why the link shows nothing, in the reader's languages first, and what to do. */
  String notice(Reason reason, List<String> languages, HttpRequest<?> request) {
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
    return html(
        "education/notice",
        new NoticePage(
            reason.id,
            main,
            reason.title.apply(WORDING.get(main)),
            WORDING.get(main).skipLink(),
            STYLE,
            order.stream()
                .map(
                    language ->
                        new Notice(
                            language,
                            language.equals(main),
                            reason.title.apply(WORDING.get(language)),
                            reason.text.apply(WORDING.get(language))))
                .toList()),
        request);
  }

  private String html(String view, Object page, HttpRequest<?> request) {
    StringWriter html = new StringWriter(16384);
    try {
      views.render(view, Map.of("page", page), request).writeTo(html);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return html.toString();
  }

  private Article article(EducationItem item, String language, Wording wording, boolean urgent) {
    boolean translated = item.locale().equals(language);
    return new Article(
        item.slug(),
        // Not translated yet: the browser and screen readers must read it as English.
        translated ? null : item.locale(),
        item.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
        item.title(),
        urgent ? wording.redFlagLead() : null,
        translated ? null : language,
        markdown.toHtml(item.bodyMarkdown()),
        item.reviewedOn(),
        wording.reviewed(),
        item.reviewedOn() == null
            ? null
            : DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                .withLocale(Locale.forLanguageTag(language))
                .format(item.reviewedOn()));
  }

  static Wording wording(String language) {
    return WORDING.getOrDefault(language, WORDING.get("en"));
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
