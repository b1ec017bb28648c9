package clinic.intake.system;

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
 * Refuses request bodies over {@code intake.max-request-size} (a whole questionnaire is a few
 * kilobytes) before anything reads them: a declared length that is too large gets a 413 problem at
 * once; a body without a declared length is cut off while it is read, which the problem advice also
 * answers with 413.
 */
@Component
class RequestSizeLimit extends OncePerRequestFilter {

  private final long maxBytes;
  private final JsonMapper json;

  RequestSizeLimit(@Value("${intake.max-request-size:64KB}") DataSize maxSize, JsonMapper json) {
    this.maxBytes = maxSize.toBytes();
    this.json = json;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (request.getContentLengthLong() > maxBytes) {
      var problem = new LinkedHashMap<String, Object>();
      problem.put("type", "about:blank");
      problem.put("title", "Request too large");
      problem.put("status", HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
      problem.put("detail", tooLarge(maxBytes));
      problem.put("instance", request.getRequestURI());
      problem.put(
          "errors", List.of(new FieldProblem(ProblemDetailsAdvice.BODY, tooLarge(maxBytes))));
      response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
      response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
      // The body is not read: close the connection rather than drain it.
      response.setHeader("Connection", "close");
      response.getOutputStream().write(json.writeValueAsBytes(problem));
      return;
    }
    chain.doFilter(
        request.getContentLengthLong() < 0 ? new Limited(request, maxBytes) : request, response);
  }

  static String tooLarge(long maxBytes) {
    return "The request body is larger than " + maxBytes / 1024 + " KB.";
  }

  /** Thrown while reading a body that turned out longer than the limit. */
  static class BodyTooLarge extends IOException {

    private static final long serialVersionUID = 1L;

    final long maxBytes;

    BodyTooLarge(long maxBytes) {
      super(tooLarge(maxBytes));
      this.maxBytes = maxBytes;
    }
  }

  private static class Limited extends HttpServletRequestWrapper {

    private final long maxBytes;
    private ServletInputStream stream;

    Limited(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream(), maxBytes);
      }
      return stream;
    }
  }

  private static class CountingStream extends ServletInputStream {

    private final ServletInputStream in;
    private final long maxBytes;
    private long read;

    CountingStream(ServletInputStream in, long maxBytes) {
      this.in = in;
      this.maxBytes = maxBytes;
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
      if (read > maxBytes) {
        throw new BodyTooLarge(maxBytes);
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
