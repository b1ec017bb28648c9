package clinic.content.packet;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Turns an item's Markdown into HTML that cannot carry script: raw HTML in the Markdown is escaped
 * (shown as text, never passed through) and link targets such as {@code javascript:} are removed.
 * The page's Content-Security-Policy forbids script as a second line of defence.
 *
 * <p>Tables (GitHub syntax) become real tables with header cells: column headers in the head, and
 * the first cell of each body row as that row's header, so a screen reader can announce "Sciatica,
 * Physical therapy" for a cell of the treatment comparison. Each table sits in a labelled region
 * that scrolls sideways on a narrow phone instead of squeezing the words into slivers, and that the
 * keyboard can reach to scroll it. Headings move one level down, because the item's title is the
 * page's second level.
 */
final class SafeMarkdown {

  private static final List<org.commonmark.Extension> EXTENSIONS =
      List.of(TablesExtension.create());

  private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();
  private final HtmlRenderer renderer =
      HtmlRenderer.builder()
          .escapeHtml(true)
          .sanitizeUrls(true)
          // Added before the extension's own renderer, so this one draws tables and cells.
          .nodeRendererFactory(TableRenderer::new)
          .extensions(EXTENSIONS)
          .build();

  String toHtml(String markdown) {
    Node document = parser.parse(markdown);
    document.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Heading heading) {
            heading.setLevel(Math.min(6, heading.getLevel() + 1));
            visitChildren(heading);
          }
        });
    return renderer.render(document);
  }

  private static final class TableRenderer implements NodeRenderer {

    private final HtmlNodeRendererContext context;

    TableRenderer(HtmlNodeRendererContext context) {
      this.context = context;
    }

    @Override
    public Set<Class<? extends Node>> getNodeTypes() {
      return Set.of(TableBlock.class, TableCell.class);
    }

    @Override
    public void render(Node node) {
      if (node instanceof TableBlock table) {
        renderTable(table);
      } else {
        renderCell((TableCell) node);
      }
    }

    private void renderTable(TableBlock table) {
      Map<String, String> region = new LinkedHashMap<>();
      region.put("class", "table-scroll");
      region.put("role", "region");
      region.put("aria-label", label(table));
      region.put("tabindex", "0");
      context.getWriter().line();
      context.getWriter().tag("div", region);
      context.getWriter().tag("table", context.extendAttributes(table, "table", Map.of()));
      renderChildren(table);
      context.getWriter().tag("/table");
      context.getWriter().tag("/div");
      context.getWriter().line();
    }

    private void renderCell(TableCell cell) {
      boolean rowHeader =
          !cell.isHeader()
              && cell.getPrevious() == null
              && cell.getParent() != null
              && cell.getParent().getParent() instanceof TableBody;
      String tag = cell.isHeader() || rowHeader ? "th" : "td";
      Map<String, String> attributes = new LinkedHashMap<>();
      if (cell.isHeader()) {
        attributes.put("scope", "col");
      } else if (rowHeader) {
        attributes.put("scope", "row");
      }
      if (cell.getAlignment() != null) {
        attributes.put("align", cell.getAlignment().name().toLowerCase(Locale.ROOT));
      }
      context.getWriter().tag(tag, context.extendAttributes(cell, tag, attributes));
      renderChildren(cell);
      context.getWriter().tag("/" + tag);
      context.getWriter().line();
    }

    private void renderChildren(Node parent) {
      for (Node child = parent.getFirstChild(); child != null; ) {
        Node next = child.getNext();
        context.render(child);
        child = next;
      }
    }

    /** The heading just above the table names it; without one, its column headers do. */
    private static String label(TableBlock table) {
      Node previous = table.getPrevious();
      if (previous instanceof Heading heading) {
        return text(heading);
      }
      return text(table.getFirstChild() == null ? table : table.getFirstChild()).strip();
    }

    private static String text(Node node) {
      StringBuilder text = new StringBuilder();
      node.accept(
          new AbstractVisitor() {
            @Override
            public void visit(Text literal) {
              text.append(literal.getLiteral());
            }

            @Override
            public void visit(org.commonmark.node.Code code) {
              text.append(code.getLiteral());
            }

            @Override
            public void visit(org.commonmark.node.CustomNode custom) {
              if (custom instanceof TableCell && !text.isEmpty()) {
                text.append(", ");
              }
              visitChildren(custom);
            }
          });
      return text.toString();
    }
  }
}
