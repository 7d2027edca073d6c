package io.steward.server.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.steward.server.platform.BodyTooLargeException;
import io.steward.server.platform.HttpProblems;
import io.steward.server.shared.ConflictException;
import io.steward.server.shared.ContentTooLargeException;
import io.steward.server.shared.ForbiddenException;
import io.steward.server.shared.IfMatch;
import io.steward.server.shared.InvalidInputException;
import io.steward.server.shared.NotFoundException;
import io.steward.server.shared.StaleVersionException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of a REST controller as {@code application/problem+json}: the status, a sentence a
 * person can act on, field errors where input was at fault, and the request id.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    /** One input field at fault. */
    record FieldProblem(String field, String message) {
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e, HttpServletRequest request) {
        return problem(HttpStatus.NOT_FOUND, e.getMessage(), request, null);
    }

    @ExceptionHandler(ForbiddenException.class)
    ResponseEntity<ProblemDetail> forbidden(ForbiddenException e, HttpServletRequest request) {
        return problem(HttpStatus.FORBIDDEN, e.getMessage(), request, null);
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ProblemDetail> invalid(InvalidInputException e, HttpServletRequest request) {
        List<FieldProblem> errors = e.fieldErrors().entrySet().stream().map(f -> new FieldProblem(f.getKey(), f.getValue())).toList();
        return problem(e instanceof ContentTooLargeException ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST, e.getMessage(), request, errors);
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<ProblemDetail> conflict(ConflictException e, HttpServletRequest request) {
        return problem(HttpStatus.CONFLICT, e.getMessage(), request, e.field() == null ? null : List.of(new FieldProblem(e.field(), e.getMessage())));
    }

    @ExceptionHandler(StaleVersionException.class)
    ResponseEntity<ProblemDetail> stale(StaleVersionException e, HttpServletRequest request) {
        ProblemDetail p = HttpProblems.of(HttpStatus.PRECONDITION_FAILED, e.getMessage(), request);
        p.setProperty("currentVersion", e.currentVersion());
        if (e.current() != null) {
            p.setProperty("current", e.current());
        }
        return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED).eTag(IfMatch.etag(e.currentVersion()))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    @ExceptionHandler(IfMatch.PreconditionRequiredException.class)
    ResponseEntity<ProblemDetail> preconditionRequired(IfMatch.PreconditionRequiredException e, HttpServletRequest request) {
        return problem(HttpStatus.PRECONDITION_REQUIRED, e.getMessage(), request, null);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return problem(HttpStatus.BAD_REQUEST, "The value of '" + e.getName() + "' is not valid.", request,
                List.of(new FieldProblem(e.getName(), "not a valid value")));
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e, HttpServletRequest request) {
        log.info("Refused by a database constraint: {}", e.getMostSpecificCause().getMessage());
        return problem(HttpStatus.CONFLICT, "The change conflicts with existing data.", request, null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) throws Exception {
        if (io.steward.server.platform.Overload.inChain(e)) {
            // Overload (no free connection): answered 503 by the OverloadAnswer filter, like overload raised in filters.
            throw e;
        }
        log.error("Unexpected error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side; the request id identifies it in the log.", request, null);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        for (FieldError f : ex.getBindingResult().getFieldErrors()) {
            errors.add(new FieldProblem(f.getField(), f.getDefaultMessage()));
        }
        ex.getBindingResult().getGlobalErrors().forEach(g -> errors.add(new FieldProblem(g.getObjectName(), g.getDefaultMessage())));
        return cast(problem(HttpStatus.BAD_REQUEST, "Some fields are not valid.", servlet(request), errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex, HttpHeaders headers,
                                                                            HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(err ->
                errors.add(new FieldProblem(r.getMethodParameter().getParameterName(), err.getDefaultMessage()))));
        return cast(problem(HttpStatus.BAD_REQUEST, "Some parameters are not valid.", servlet(request), errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (BodyTooLargeException.inChain(ex)) {
            return cast(problem(HttpStatus.CONTENT_TOO_LARGE, "The request body is too large.", servlet(request), null));
        }
        return cast(problem(HttpStatus.BAD_REQUEST, "The request body is not valid JSON for this operation.", servlet(request), null));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                             WebRequest request) {
        ResponseEntity<Object> r = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (r != null && r.getBody() instanceof ProblemDetail p) {
            decorate(p, servlet(request));
            return ResponseEntity.status(r.getStatusCode()).headers(r.getHeaders()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
        }
        return r;
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, HttpServletRequest request, List<FieldProblem> errors) {
        ProblemDetail p = HttpProblems.of(status, detail, request);
        if (errors != null && !errors.isEmpty()) {
            p.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }

    private static void decorate(ProblemDetail p, HttpServletRequest request) {
        ProblemDetail template = HttpProblems.of(HttpStatus.valueOf(p.getStatus()), p.getDetail(), request);
        if (template.getProperties() != null) {
            template.getProperties().forEach(p::setProperty);
        }
        if (p.getInstance() == null) {
            p.setInstance(template.getInstance());
        }
    }

    private static HttpServletRequest servlet(WebRequest request) {
        return ((ServletWebRequest) request).getRequest();
    }

    @SuppressWarnings("unchecked")
    private static ResponseEntity<Object> cast(ResponseEntity<?> r) {
        return (ResponseEntity<Object>) r;
    }

}
