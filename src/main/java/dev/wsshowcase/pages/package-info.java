/**
 * The HTTP side of the bundled pages: the security headers every response carries and the
 * small JSON document the index page shows (the container's name and version, the limits a
 * page needs). The pages themselves are static files in the WAR's {@code webapp/}.
 */
package dev.wsshowcase.pages;
