package dev.tandem.snapshot.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.protocol.TandemJacksonModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** Quarkus's ObjectMapper writes protocol records (OpCommitted, edits, ops) byte for byte as TandemJson does. */
@Singleton
public class ProtocolJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new TandemJacksonModule());
        // Jackson's UTF-8 writer (what REST responses use) otherwise escapes astral characters as surrogate
        // pairs ("\uD83D\uDE80"): valid JSON, but not the canonical form TandemJson writes for the same record
        mapper.getFactory().enable(JsonGenerator.Feature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
    }
}
