package clinic.content.system;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.inject.Singleton;

/**
 * Blanks the query string of every HTTP span as it starts: the default HTTP conventions record it
 * ({@code url.query} on the server, {@code url.full} on the client), and a search can hold whatever
 * a person typed, a patient's name included. The route ({@code http.route}) and the path stay.
 * Micronaut adds this bean to its tracer provider.
 */
@Singleton
class QueryFreeSpans implements SpanProcessor {

  static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
  static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    if (span.getAttribute(URL_QUERY) != null) {
      span.setAttribute(URL_QUERY, "");
    }
    String full = span.getAttribute(URL_FULL);
    if (full != null && full.indexOf('?') >= 0) {
      span.setAttribute(URL_FULL, full.substring(0, full.indexOf('?')));
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }
}
