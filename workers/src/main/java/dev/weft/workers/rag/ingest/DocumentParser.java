package dev.weft.workers.rag.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Turns a document into Markdown-like text: headings become {@code #} lines so that splitting by heading works
 * the same for Markdown and HTML; HTML goes through jsoup (scripts and styles dropped), PDF through PDFBox.
 */
public final class DocumentParser {

    /** Thrown for content that cannot be read; the message names what is wrong, never the content. */
    public static final class UnreadableDocumentException extends IllegalArgumentException {
        public UnreadableDocumentException(String message) {
            super(message);
        }
    }

    public String toText(DocumentInput doc) {
        return switch (doc.contentType()) {
            case "text/plain", "text/markdown" -> textOf(doc);
            case "text/html" -> html(textOf(doc));
            case "application/pdf" -> pdf(bytesOf(doc));
            default -> throw new UnreadableDocumentException("contentType '" + doc.contentType()
                    + "' is not supported (text/plain, text/markdown, text/html, application/pdf)");
        };
    }

    private static String textOf(DocumentInput doc) {
        if (doc.text() != null) {
            return doc.text();
        }
        return new String(bytesOf(doc), StandardCharsets.UTF_8);
    }

    private static byte[] bytesOf(DocumentInput doc) {
        if (doc.base64() == null) {
            if (doc.text() != null && !"application/pdf".equals(doc.contentType())) {
                return doc.text().getBytes(StandardCharsets.UTF_8);
            }
            throw new UnreadableDocumentException("base64 is required for " + doc.contentType());
        }
        try {
            return Base64.getMimeDecoder().decode(doc.base64());
        } catch (IllegalArgumentException e) {
            throw new UnreadableDocumentException("base64 is not valid base64");
        }
    }

    static String html(String html) {
        Document d = Jsoup.parse(html);
        d.select("script, style, noscript, nav, footer").remove();
        StringBuilder out = new StringBuilder();
        for (Element e : d.body().select("h1, h2, h3, h4, h5, h6, p, li, pre, td, blockquote")) {
            String text = e.text().strip();
            if (text.isEmpty() || (!e.tagName().startsWith("h") && e.parents().stream()
                    .anyMatch(p -> p.tagName().matches("p|li|pre|td|blockquote")))) {
                continue; // nested block: its text is already in the parent's
            }
            if (e.tagName().matches("h[1-6]")) {
                out.append("\n").append("#".repeat(e.tagName().charAt(1) - '0')).append(' ').append(text).append("\n\n");
            } else {
                out.append(text).append("\n\n");
            }
        }
        if (out.isEmpty()) {
            out.append(d.body().text());
        }
        return out.toString().strip();
    }

    static String pdf(byte[] bytes) {
        try (PDDocument pdf = Loader.loadPDF(bytes)) {
            return new PDFTextStripper().getText(pdf).strip();
        } catch (IOException e) {
            throw new UnreadableDocumentException("the PDF could not be read: " + e.getMessage());
        }
    }
}
