package dev.tandem.snapshot.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Reads document metadata. */
@ApplicationScoped
public class DocumentStore implements PanacheRepositoryBase<DocumentEntity, String> {

    /** The document, if the projection has a row for it. */
    public Optional<DocumentMeta> meta(String docId) {
        return findByIdOptional(docId).map(DocumentEntity::toMeta);
    }

    /** Every document whose projection has stopped. */
    public List<DocumentMeta> stalledDocuments() {
        return list("stallReason is not null order by docId").stream().map(DocumentEntity::toMeta).toList();
    }
}
