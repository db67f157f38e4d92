-- The read side of tandem.ops. Every table is a fold of the log and could be rebuilt from it.

-- One row per document the projection has seen. head_revision is the last revision stored in op_log: the
-- projection writes op_log rows and this row in one transaction, so they always agree.
create table document (
    doc_id          varchar(64) primary key,
    head_revision   integer     not null check (head_revision >= 0),
    language        varchar(32) not null,
    -- null only while head_revision = 0 (a document whose first op stalled)
    created_at      timestamptz,
    last_edited_at  timestamptz,
    -- set when an op could not follow the head (a gap, or an op that does not fit): the projection of this
    -- document stops there until an operator repairs it
    stall_reason    text,
    stalled_at      timestamptz
);

-- The op log, keyed by the natural key of a committed edit: a redelivered event hits the key and is dropped
-- (insert ... on conflict do nothing).
create table op_log (
    doc_id        varchar(64) not null,
    revision      integer     not null check (revision >= 1),
    kind          varchar(16) not null,
    -- the edit's canonical JSON (TandemJson). text, not jsonb: jsonb refuses \u0000, which an insert may hold
    edit          text        not null,
    client_id     varchar(64) not null,
    client_seq    bigint      not null,
    author_name   varchar(64) not null,
    committed_at  timestamptz not null,
    primary key (doc_id, revision)
);

-- chat history pages backwards from a revision without scanning the text edits
create index op_log_chat on op_log (doc_id, revision) where kind = 'chat';

-- Full text every tandem.snapshot.snapshot-interval revisions.
create table snapshot (
    doc_id     varchar(64) not null,
    revision   integer     not null check (revision >= 1),
    -- UTF-8 bytes, not text: PostgreSQL text cannot hold U+0000, and a document may
    text_utf8  bytea       not null,
    language   varchar(32) not null,
    primary key (doc_id, revision)
);
