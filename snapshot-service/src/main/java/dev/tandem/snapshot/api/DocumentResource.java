package dev.tandem.snapshot.api;

import dev.tandem.protocol.history.ChatPage;
import dev.tandem.protocol.history.DocumentAuthorship;
import dev.tandem.protocol.history.DocumentState;
import dev.tandem.protocol.history.HistoryError;
import dev.tandem.protocol.history.OpPage;
import dev.tandem.protocol.history.RevisionPage;
import dev.tandem.protocol.history.Timeline;
import dev.tandem.protocol.history.VersionList;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The history API (docs/protocol.md, section 14). Parameters are taken as strings and checked by
 * {@link HistoryRequests}, so every malformed one is answered with a {@link HistoryError} naming it.
 */
@Path("/api/docs/{docId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Document history", description = "Documents at any revision, authorship, op ranges for replay, timeline,"
        + " chat, named versions")
@APIResponse(responseCode = "400", description = "INVALID_PARAMETER or REVISION_OUT_OF_RANGE",
        content = @Content(schema = @Schema(implementation = HistoryError.class)))
@APIResponse(responseCode = "404", description = "UNKNOWN_DOCUMENT: no revision of the document is stored",
        content = @Content(schema = @Schema(implementation = HistoryError.class)))
public class DocumentResource {
    private final HistoryService history;

    public DocumentResource(HistoryService history) {
        this.history = history;
    }

    @GET
    @Operation(summary = "The document at its head revision")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DocumentState.class)))
    public DocumentState head(@PathParam("docId") String docId) {
        return history.head(docId);
    }

    @GET
    @Path("revisions/{revision}")
    @Operation(summary = "The document at a revision: its text and language as of that revision")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DocumentState.class)))
    public DocumentState atRevision(@PathParam("docId") String docId,
                                    @Parameter(description = "0 (the empty document) to the head")
                                    @PathParam("revision") String revision) {
        return history.atRevision(docId, revision);
    }

    @GET
    @Path("authorship")
    @Operation(summary = "Who wrote what at a revision: runs of code points, each with its author's clientId and name",
            description = "Folded on the read side: the runs stored with the latest snapshot at or before the"
                    + " revision plus the text edits after it. The lengths add up to the text's length in code"
                    + " points.")
    @APIResponse(responseCode = "200",
            content = @Content(schema = @Schema(implementation = DocumentAuthorship.class)))
    public DocumentAuthorship authorship(@PathParam("docId") String docId,
                                         @Parameter(description = "0 (the empty document) to the head (default:"
                                                 + " the head)") @QueryParam("revision") String revision) {
        return history.authorship(docId, revision);
    }

    @GET
    @Path("ops")
    @Operation(summary = "The committed edits of revisions from..to (inclusive), as on tandem.ops, one page",
            description = "For replay: exactly the revisions from, from+1, ... in order. A page holds at most"
                    + " tandem.snapshot.api.max-ops-per-page ops; when it stops before `to`, `next` is the"
                    + " `from` of the next page.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = OpPage.class)))
    public OpPage ops(@PathParam("docId") String docId,
                      @Parameter(description = "first revision, 1 to head + 1 (required)") @QueryParam("from")
                      String from,
                      @Parameter(description = "last revision, from - 1 to head (default: head)") @QueryParam("to")
                      String to) {
        return history.ops(docId, from, to);
    }

    @GET
    @Path("revisions")
    @Operation(summary = "Revision, kind, author and time of revisions from..to (inclusive), one page")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RevisionPage.class)))
    public RevisionPage revisions(@PathParam("docId") String docId,
                                  @Parameter(description = "first revision, 1 to head + 1 (required)")
                                  @QueryParam("from") String from,
                                  @Parameter(description = "last revision, from - 1 to head (default: head)")
                                  @QueryParam("to") String to) {
        return history.revisions(docId, from, to);
    }

    @GET
    @Path("timeline")
    @Operation(summary = "Every revision grouped into editing sessions separated by idle gaps")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Timeline.class)))
    public Timeline timeline(@PathParam("docId") String docId) {
        return history.timeline(docId);
    }

    @GET
    @Path("chat")
    @Operation(summary = "The latest chat messages before a revision, oldest first; page backwards with `next`")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ChatPage.class)))
    public ChatPage chat(@PathParam("docId") String docId,
                         @Parameter(description = "messages before this revision, 1 to head + 1 (default: head + 1)")
                         @QueryParam("before") String before,
                         @Parameter(description = "at most this many, 1 to 200 (default 50)") @QueryParam("limit")
                         String limit) {
        return history.chat(docId, before, limit);
    }

    @GET
    @Path("versions")
    @Operation(summary = "The names given to revisions, in the order they were given; page on with `next`")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = VersionList.class)))
    public VersionList versions(@PathParam("docId") String docId,
                                @Parameter(description = "names committed at this revision or later, 1 to head + 1"
                                        + " (default 1)") @QueryParam("from") String from) {
        return history.versions(docId, from);
    }
}
