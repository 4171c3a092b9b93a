/**
 * The one way anything is sent to a client: {@link dev.wsshowcase.send.SessionSender}, an
 * ordered, bounded queue per session with one send in flight, and the
 * {@link dev.wsshowcase.send.Outbound} messages it carries (sized once, shareable between
 * senders).
 *
 * <p>Why a package: sending is where containers differ most (overlapping sends, blocking
 * sends, slow clients); everything else sends through here and never touches the session's
 * remote endpoint. It knows nothing of the rest of the application.
 */
package dev.wsshowcase.send;
