package dev.tandem.snapshot.api;

import dev.tandem.protocol.history.HistoryError;
import dev.tandem.protocol.history.HistoryError.Code;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryExceptionMapperTest {
    private final HistoryExceptionMapper mapper = new HistoryExceptionMapper();

    @Test
    void aRefusalIsAnsweredWithItsCodesStatusAndBody() {
        Response response = mapper.refused(new HistoryException(Code.UNKNOWN_DOCUMENT, "no such document"));

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getEntity()).isEqualTo(new HistoryError(Code.UNKNOWN_DOCUMENT, "no such document"));
    }

    @Test
    void anUnexpectedFailureIsAnInternalErrorWithoutItsDetails() {
        Response response = mapper.failed(new IllegalStateException("connection refused to db-7:5432"), null);

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getEntity()).isEqualTo(new HistoryError(Code.INTERNAL_ERROR,
                "the snapshot service failed to answer (IllegalStateException); its log has the details"));
    }

    @Test
    void theFrameworksRefusalsGetTheirCodeAndABody() {
        Response notFound = mapper.failed(new NotFoundException(), null);
        assertThat(notFound.getStatus()).isEqualTo(404);
        assertThat(((HistoryError) notFound.getEntity()).code()).isEqualTo(Code.NOT_FOUND);

        Response notAllowed = mapper.failed(new NotAllowedException(Response.status(405).header("Allow", "GET, HEAD").build()), null);
        assertThat(notAllowed.getStatus()).isEqualTo(405);
        assertThat(notAllowed.getHeaderString("Allow")).contains("GET");
        assertThat(((HistoryError) notAllowed.getEntity()).code()).isEqualTo(Code.METHOD_NOT_ALLOWED);
    }

    @Test
    void otherFrameworkAnswersPassThrough() {
        assertThat(mapper.failed(new WebApplicationException(503), null).getStatus()).isEqualTo(503);
    }
}
