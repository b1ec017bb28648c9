package clinic.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses request bodies over their limit before anything reads them. A declared length that is too
 * large is answered 413 at once; a body without a declared length is cut off while it is read. Both
 * answers are written by {@link ProblemDetailsAdvice}, like every other problem: the refusal is
 * handed to Spring MVC's exception resolvers. Spring's and Tomcat's own limits cover form posts and
 * uploads, not JSON or YAML bodies. Registered after sign-in, so only a caller who may use an
 * endpoint learns its limit.
 */
public class RequestSizeLimit extends OncePerRequestFilter {

  private final HandlerExceptionResolver problems;
  private final Limit everyBody;
  private final Map<String, Limit> byPath;

  /**
   * @param problems Spring MVC's {@code handlerExceptionResolver}
   * @param everyBody the limit of every body whose path has none of its own
   * @param byPath limits for exact paths (without the context path)
   */
  public RequestSizeLimit(
      HandlerExceptionResolver problems, Limit everyBody, Map<String, Limit> byPath) {
    this.problems = problems;
    this.everyBody = everyBody;
    this.byPath = Map.copyOf(byPath);
  }

  /** A limit and the setting that sets it, which the 413 answer names. */
  public record Limit(String setting, long maxBytes) {

    public Limit(String setting, DataSize maxSize) {
      this(setting, maxSize.toBytes());
    }

    /** "The request body is larger than 64 KB (intake.max-request-size)." */
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
    Limit limit = byPath.getOrDefault(path, everyBody);
    long declared = request.getContentLengthLong();
    if (declared > limit.maxBytes()) {
      // The body is not read: close the connection rather than drain it.
      response.setHeader("Connection", "close");
      if (problems.resolveException(request, response, null, new BodyTooLarge(limit)) == null) {
        response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
      }
      return;
    }
    chain.doFilter(declared < 0 ? new Limited(request, limit) : request, response);
  }

  /** Thrown while reading a body that turned out longer than its limit, or before reading it. */
  public static final class BodyTooLarge extends IOException {

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
