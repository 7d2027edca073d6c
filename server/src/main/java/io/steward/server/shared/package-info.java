/**
 * Small, open vocabulary every module may use: typed ids, the acting {@link io.steward.server.shared.Viewer},
 * the tenant scope carried into SQL, paging and the exceptions that map to HTTP problems.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package io.steward.server.shared;
