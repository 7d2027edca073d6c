package io.steward.server.audit.web;

import io.steward.server.audit.AuditLog;
import io.steward.server.shared.PageQuery;
import io.steward.server.shared.Viewer;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log page for MSP admins: search, chain status, export link. */
@Controller
class AuditPages {
    private final AuditLog audit;

    AuditPages(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/admin/audit")
    String search(Viewer viewer, @RequestParam(required = false) String q, @RequestParam(required = false) String action,
                  @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                  @RequestParam(required = false) Integer page, @RequestHeader(value = "HX-Request", required = false) String htmx,
                  Model model) {
        model.addAttribute("entries", audit.search(AuditApi.query(q, action, from, to), PageQuery.of(page, 50, null, AuditApi.SORTABLE, "seq,desc")));
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("action", action == null ? "" : action);
        model.addAttribute("from", from == null ? "" : from);
        model.addAttribute("to", to == null ? "" : to);
        if (htmx == null) {
            model.addAttribute("chain", audit.verify());
        }
        return htmx != null ? "admin/audit :: rows" : "admin/audit";
    }
}
