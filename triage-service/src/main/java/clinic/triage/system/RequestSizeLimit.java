package clinic.triage.system;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses request bodies over their limit before anything reads them: {@code
 * triage.replay.max-bytes} for a candidate ruleset ({@code POST /api/triage/replay}), {@code
 * triage.max-request-size} for every other body (a what-if's answers are a few kilobytes). A
 * declared length that is too large gets a 413 problem at once; a body without a declared length is
 * cut off while it is read, which the problem advice also answers with 413. Spring's and Tomcat's
 * own limits cover form posts and uploads, not JSON or YAML bodies. Runs after sign-in, so only a
 * caller who may use the endpoint learns its limit.
 */
@Component
class RequestSizeLimit extends OncePerRequestFilter {

  static final String REPLAY = "/api/triage/replay";
  static final String REPLAY_LIMIT = "triage.replay.max-bytes";
  static final String LIMIT = "triage.max-request-size";

  private final Limit replay;
  private final Limit other;
  private final JsonMapper json;

  RequestSizeLimit(
      @Value("${" + REPLAY_LIMIT + ":256KB}") DataSize replay,
      @Value("${" + LIMIT + ":64KB}") DataSize other,
      JsonMapper json) {
    this.replay = new Limit(REPLAY_LIMIT, replay.toBytes());
    this.other = new Limit(LIMIT, other.toBytes());
    this.json = json;
  }

  /** A limit and the setting that sets it. */
  record Limit(String setting, long maxBytes) {

    String detail() {
      return "The request body is larger than "
          + (maxBytes % 1024 == 0 ? maxBytes / 1024 + " KB" : maxBytes + " bytes")
          + " ("
          + setting
          + ").";
    }
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    Limit limit = REPLAY.equals(path) ? replay : other;
    if (request.getContentLengthLong() > limit.maxBytes()) {
      response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      // The body is not read: close the connection rather than drain it.
      response.setHeader("Connection", "close");
      response.getOutputStream().write(json.writeValueAsBytes(problem(limit, path)));
      return;
    }
    chain.doFilter(
        request.getContentLengthLong() < 0 ? new Limited(request, limit) : request, response);
  }

  private static LinkedHashMap<String, Object> problem(Limit limit, String path) {
    var problem = new LinkedHashMap<String, Object>();
    problem.put("type", "about:blank");
    problem.put("title", "Request too large");
    problem.put("status", HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
    problem.put("detail", limit.detail());
    problem.put("instance", path);
    problem.put("maxBytes", limit.maxBytes());
    problem.put("limit", limit.setting());
    problem.put("errors", List.of(new FieldProblem(ProblemDetailsAdvice.BODY, limit.detail())));
    return problem;
  }

  /** Thrown while reading a body that turned out longer than its limit. */
  static final class BodyTooLarge extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Limit limit;

    BodyTooLarge(Limit limit) {
      super(limit.detail());
      this.limit = limit;
    }

    Limit limit() {
      return limit;
    }
  }

  private static final class Limited extends HttpServletRequestWrapper {

    private final Limit limit;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, Limit limit) {
      super(request);
      this.limit = limit;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream(), limit);
      }
      return stream;
    }
  }

  private static final class CountingStream extends ServletInputStream {

    private final ServletInputStream in;
    private final Limit limit;
    private long read;

    CountingStream(ServletInputStream in, Limit limit) {
      this.in = in;
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = in.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) throws BodyTooLarge {
      read += n;
      if (read > limit.maxBytes()) {
        throw new BodyTooLarge(limit);
      }
    }

    @Override
    public boolean isFinished() {
      return in.isFinished();
    }

    @Override
    public boolean isReady() {
      return in.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      in.setReadListener(listener);
    }
  }
}
