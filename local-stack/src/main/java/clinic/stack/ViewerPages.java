package clinic.stack;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mail viewer's pages and its JSON, as plain functions of what was caught. Everything that came
 * from a mail or a webhook is untrusted and goes through {@link #escape(String)}; HTML mail bodies
 * are shown in a sandboxed frame (no scripts, no forms, no top navigation).
 */
final class ViewerPages {

  static final String HTML = "text/html; charset=utf-8";
  static final String JSON = "application/json; charset=utf-8";
  static final String TEXT = "text/plain; charset=utf-8";

  static final int REFRESH_SECONDS = 5;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private static final String STYLE =
      """
      body { font-family: system-ui, sans-serif; line-height: 1.45; margin: 1rem 2rem; color: #111; background: #fff; }
      nav a { margin-right: 1.5rem; }
      table { border-collapse: collapse; width: 100%; }
      caption { text-align: left; font-weight: bold; padding: .3rem 0; }
      th, td { border: 1px solid #888; padding: .3rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
      pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f3f3f3; border: 1px solid #bbb; padding: .5rem; }
      iframe { width: 100%; height: 32rem; border: 1px solid #888; background: #fff; }
      dt { font-weight: bold; }
      dd { margin: 0 0 .4rem 1.5rem; overflow-wrap: anywhere; }
      a:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
      """;

  private ViewerPages() {}

  static String inbox(List<CapturedMail> mails, int smtpPort, boolean refresh) {
    StringBuilder body = new StringBuilder();
    body.append("<h1>Captured mail</h1>\n")
        .append("<p>The services send their mail to the SMTP server on <code>127.0.0.1:")
        .append(smtpPort)
        .append("</code>. It accepts any recipient and keeps every message here, in memory,")
        .append(" until the stack stops. Nothing is delivered to anyone.</p>\n")
        .append(refreshNote("/", refresh));
    if (mails.isEmpty()) {
      body.append("<p>No mail yet.</p>\n");
    } else {
      body.append("<table>\n<caption>")
          .append(mails.size() == 1 ? "1 message" : mails.size() + " messages")
          .append(", newest first</caption>\n")
          .append("<thead><tr><th scope=\"col\">Received</th><th scope=\"col\">From</th>")
          .append(
              "<th scope=\"col\">To</th><th scope=\"col\">Subject</th></tr></thead>\n<tbody>\n");
      for (CapturedMail mail : mails) {
        body.append("<tr><td>")
            .append(time(mail.receivedAt()))
            .append("</td><td>")
            .append(escape(mail.from()))
            .append("</td><td>")
            .append(escape(String.join(", ", mail.to())))
            .append("</td><td><a href=\"/messages/")
            .append(mail.number())
            .append("\">")
            .append(escape(subject(mail)))
            .append("</a></td></tr>\n");
      }
      body.append("</tbody>\n</table>\n");
    }
    return page("Captured mail", "mail", refresh, body.toString());
  }

  static String message(CapturedMail mail) {
    StringBuilder body = new StringBuilder();
    body.append("<p><a href=\"/\">Back to all mail</a></p>\n")
        .append("<h1>")
        .append(escape(subject(mail)))
        .append("</h1>\n<dl>\n");
    definition(body, "Received", time(mail.receivedAt()));
    definition(body, "From", escape(mail.from()));
    definition(body, "To", escape(String.join(", ", mail.to())));
    definition(body, "Envelope sender", escape(mail.envelopeFrom()));
    definition(body, "Envelope recipients", escape(String.join(", ", mail.envelopeTo())));
    if (!mail.attachments().isEmpty()) {
      definition(body, "Other parts", escape(String.join(", ", mail.attachments())));
    }
    body.append("</dl>\n<h2>Text body</h2>\n");
    if (mail.text() == null) {
      body.append("<p>This message has no plain-text part.</p>\n");
    } else {
      body.append("<pre>").append(escape(mail.text())).append("</pre>\n");
    }
    body.append("<h2>HTML body</h2>\n");
    if (mail.html() == null) {
      body.append("<p>This message has no HTML part.</p>\n");
    } else {
      // An empty sandbox attribute: no scripts, forms, plugins or navigation of this page.
      body.append("<iframe sandbox=\"\" referrerpolicy=\"no-referrer\" title=\"")
          .append(escape(subject(mail)))
          .append(" (HTML body, scripts disabled)\" srcdoc=\"")
          .append(escape(mail.html()))
          .append("\"></iframe>\n")
          .append("<details><summary>HTML source</summary>\n<pre>")
          .append(escape(mail.html()))
          .append("</pre></details>\n");
    }
    body.append("<h2>Headers</h2>\n");
    headerTable(body, mail.headers());
    body.append("<p><a href=\"/messages/")
        .append(mail.number())
        .append("/source\">Message source</a> (as received over SMTP)</p>\n");
    return page(subject(mail), "mail", false, body.toString());
  }

  static String webhooks(
      List<CapturedWebhook> webhooks, List<URI> endpoints, String secret, boolean refresh) {
    StringBuilder body = new StringBuilder();
    body.append("<h1>Webhooks received</h1>\n")
        .append("<p>The receiving teams' endpoints. Each records the call and answers 204.")
        .append(" The local stack signs its webhooks with the secret <code>")
        .append(escape(secret))
        .append("</code>.</p>\n<ul>\n");
    for (URI endpoint : endpoints) {
      body.append("<li><code>POST ").append(escape(endpoint.toString())).append("</code></li>\n");
    }
    body.append("</ul>\n").append(refreshNote("/webhooks", refresh));
    if (webhooks.isEmpty()) {
      body.append("<p>No webhook calls yet.</p>\n");
    } else {
      body.append("<p>")
          .append(webhooks.size() == 1 ? "1 call" : webhooks.size() + " calls")
          .append(", newest first.</p>\n");
    }
    for (CapturedWebhook webhook : webhooks) {
      String id = "webhook-" + webhook.number();
      body.append("<section aria-labelledby=\"")
          .append(id)
          .append("\">\n<h2 id=\"")
          .append(id)
          .append("\">Call ")
          .append(webhook.number())
          .append(" to ")
          .append(escape(webhook.team()))
          .append("</h2>\n<dl>\n");
      definition(body, "Received", time(webhook.receivedAt()));
      definition(body, "Signature", escape(webhook.signature().description()));
      body.append("</dl>\n<h3>Body</h3>\n<pre>")
          .append(escape(webhook.body()))
          .append("</pre>\n<h3>Headers</h3>\n");
      headerTable(body, webhook.headers());
      body.append("</section>\n");
    }
    return page("Webhooks received", "webhooks", refresh, body.toString());
  }

  static String notFound(String path) {
    return page(
        "Not found",
        "",
        false,
        "<h1>Not found</h1>\n<p>Nothing at <code>"
            + escape(path)
            + "</code>. Captured mail is kept in memory only, so a restart of the stack empties"
            + " it.</p>\n<p><a href=\"/\">All mail</a></p>\n");
  }

  static String mailsJson(List<CapturedMail> mails) {
    List<Object> items = new ArrayList<>();
    for (CapturedMail mail : mails) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("number", mail.number());
      item.put("receivedAt", mail.receivedAt().toString());
      item.put("envelopeFrom", mail.envelopeFrom());
      item.put("envelopeTo", mail.envelopeTo());
      item.put("from", mail.from());
      item.put("to", mail.to());
      item.put("subject", mail.subject());
      item.put("text", mail.text());
      item.put("html", mail.html());
      item.put("attachments", mail.attachments());
      item.put("headers", headersJson(mail.headers()));
      items.add(item);
    }
    return json(items);
  }

  static String webhooksJson(List<CapturedWebhook> webhooks) {
    List<Object> items = new ArrayList<>();
    for (CapturedWebhook webhook : webhooks) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("number", webhook.number());
      item.put("receivedAt", webhook.receivedAt().toString());
      item.put("team", webhook.team());
      item.put("signature", webhook.signature().name());
      item.put("headers", headersJson(webhook.headers()));
      item.put("body", webhook.body());
      items.add(item);
    }
    return json(items);
  }

  /** HTML text and attribute values alike. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder escaped = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }

  private static String page(String title, String current, boolean refresh, String main) {
    return """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        %s<title>%s · local stack</title>
        <style>
        %s</style>
        </head>
        <body>
        <nav aria-label="Local stack viewer">
        <a href="/"%s>Mail</a>
        <a href="/webhooks"%s>Webhooks</a>
        </nav>
        <main>
        %s</main>
        </body>
        </html>
        """
        .formatted(
            refresh ? "<meta http-equiv=\"refresh\" content=\"" + REFRESH_SECONDS + "\">\n" : "",
            escape(title),
            STYLE,
            current.equals("mail") ? " aria-current=\"page\"" : "",
            current.equals("webhooks") ? " aria-current=\"page\"" : "",
            main);
  }

  /**
   * Automatic reloading can be switched off (WCAG 2.2.1), e.g. while reading with a screen reader.
   */
  private static String refreshNote(String path, boolean refresh) {
    return refresh
        ? "<p>This page reloads every %d seconds. <a href=\"%s?refresh=off\">Stop reloading</a></p>\n"
            .formatted(REFRESH_SECONDS, path)
        : "<p>Automatic reloading is off. <a href=\"%s\">Reload every %d seconds</a></p>\n"
            .formatted(path, REFRESH_SECONDS);
  }

  private static void definition(StringBuilder body, String term, String escapedValue) {
    body.append("<dt>").append(term).append("</dt><dd>").append(escapedValue).append("</dd>\n");
  }

  private static void headerTable(StringBuilder body, List<Map.Entry<String, String>> headers) {
    body.append("<table>\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Value</th>")
        .append("</tr></thead>\n<tbody>\n");
    for (Map.Entry<String, String> header : headers) {
      body.append("<tr><td>")
          .append(escape(header.getKey()))
          .append("</td><td>")
          .append(escape(header.getValue()))
          .append("</td></tr>\n");
    }
    body.append("</tbody>\n</table>\n");
  }

  private static String time(Instant instant) {
    return "<time datetime=\"" + instant + "\">" + TIME.format(instant) + "</time>";
  }

  private static String subject(CapturedMail mail) {
    return mail.subject().isBlank() ? "(no subject)" : mail.subject();
  }

  private static List<Object> headersJson(List<Map.Entry<String, String>> headers) {
    List<Object> items = new ArrayList<>();
    for (Map.Entry<String, String> header : headers) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("name", header.getKey());
      item.put("value", header.getValue());
      items.add(item);
    }
    return items;
  }

  /** Enough JSON for strings, numbers, null, lists and maps: the launcher has no JSON library. */
  static String json(Object value) {
    StringBuilder out = new StringBuilder();
    writeJson(out, value);
    return out.toString();
  }

  private static void writeJson(StringBuilder out, Object value) {
    switch (value) {
      case null -> out.append("null");
      case Number number -> out.append(number);
      case Boolean bool -> out.append(bool);
      case Map<?, ?> map -> {
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          if (!first) {
            out.append(',');
          }
          first = false;
          writeJson(out, entry.getKey().toString());
          out.append(':');
          writeJson(out, entry.getValue());
        }
        out.append('}');
      }
      case List<?> list -> {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          writeJson(out, list.get(i));
        }
        out.append(']');
      }
      default -> {
        String text = value.toString();
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
          char c = text.charAt(i);
          switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
              if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
              } else {
                out.append(c);
              }
            }
          }
        }
        out.append('"');
      }
    }
  }
}
