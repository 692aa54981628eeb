package io.github.distilbertj.api.lifecycle;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * While the server drains, every answer carries {@code Connection: close} (Tomcat then closes the
 * connection after it), also an answer to a request that arrived before the drain began: the header
 * is added when the answer starts to be written, not when the request arrives.
 */
public final class DrainFilter extends OncePerRequestFilter {

    private final Drain drain;

    public DrainFilter(Drain drain) {
        this.drain = drain;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Closing closing = new Closing(response, drain);
        chain.doFilter(request, closing);
        closing.closeIfDraining();
    }

    private static final class Closing extends HttpServletResponseWrapper {
        private final Drain drain;

        Closing(HttpServletResponse response, Drain drain) {
            super(response);
            this.drain = drain;
        }

        void closeIfDraining() {
            if (drain.draining() && !isCommitted()) {
                setHeader("Connection", "close");
            }
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            closeIfDraining();
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            closeIfDraining();
            return super.getWriter();
        }

        @Override
        public void flushBuffer() throws IOException {
            closeIfDraining();
            super.flushBuffer();
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            closeIfDraining();
            super.sendError(sc, msg);
        }

        @Override
        public void sendError(int sc) throws IOException {
            closeIfDraining();
            super.sendError(sc);
        }
    }
}
