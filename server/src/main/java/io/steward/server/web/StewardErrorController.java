package io.steward.server.web;

import io.steward.server.platform.HttpProblems;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * What the servlet container shows for errors raised outside controllers: problem+json for the
 * API, the error page for people. The original path decides, not the Accept header.
 */
@Controller
class StewardErrorController implements ErrorController {

    @RequestMapping("/error")
    Object error(HttpServletRequest request, HttpServletResponse response) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = HttpStatus.resolve(code instanceof Integer i ? i : 500);
        if (status == null || !status.isError()) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri == null ? "" : uri.toString();
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String detail = status.is5xxServerError() || message == null || message.toString().isBlank()
                ? defaultMessage(status) : message.toString();
        if (path.startsWith("/api/") || path.startsWith("/actuator/") || path.startsWith("/agent/") || path.startsWith("/hooks/")) {
            ProblemDetail p = HttpProblems.of(status, detail, null);
            return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON).body(p);
        }
        ModelAndView mv = PageExceptionHandler.page(status, detail, response);
        return mv;
    }

    private static String defaultMessage(HttpStatus status) {
        return switch (status) {
            case NOT_FOUND -> "No such page.";
            case FORBIDDEN -> "You do not have access to this.";
            case BAD_REQUEST -> "The request was not understood.";
            default -> status.is5xxServerError() ? "Something went wrong on our side." : status.getReasonPhrase();
        };
    }
}
