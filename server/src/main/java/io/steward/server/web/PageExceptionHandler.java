package io.steward.server.web;

import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.StaleVersionException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/** Errors of page controllers as a page in the layout, never a stack trace. */
@ControllerAdvice(annotations = Controller.class)
@Order(Ordered.LOWEST_PRECEDENCE)
class PageExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(PageExceptionHandler.class);

    @ExceptionHandler({NotFoundException.class, MethodArgumentTypeMismatchException.class})
    ModelAndView notFound(Exception e, HttpServletResponse response) {
        return page(HttpStatus.NOT_FOUND, e instanceof NotFoundException ? e.getMessage() : "No such page.", response);
    }

    @ExceptionHandler(ForbiddenException.class)
    ModelAndView forbidden(ForbiddenException e, HttpServletResponse response) {
        return page(HttpStatus.FORBIDDEN, e.getMessage(), response);
    }

    @ExceptionHandler({InvalidInputException.class, ConflictException.class})
    ModelAndView invalid(RuntimeException e, HttpServletResponse response) {
        return page(e instanceof ConflictException ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST, e.getMessage(), response);
    }

    @ExceptionHandler(StaleVersionException.class)
    ModelAndView stale(StaleVersionException e, HttpServletResponse response) {
        return page(HttpStatus.PRECONDITION_FAILED, e.getMessage(), response);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) throws Exception {
        if (io.steward.server.platform.Overload.inChain(e)) {
            // The error page in the layout needs the database too; the OverloadAnswer filter answers 503 without it.
            throw e;
        }
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return page(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side.", response);
    }

    static ModelAndView page(HttpStatus status, String message, HttpServletResponse response) {
        response.setStatus(status.value());
        ModelAndView mv = new ModelAndView("error");
        mv.setStatus(status);
        mv.addObject("status", status.value());
        mv.addObject("reason", status.getReasonPhrase());
        mv.addObject("message", message);
        mv.addObject("requestId", MDC.get("requestId"));
        return mv;
    }
}
