-- Which log this database is the projection of: the topic id Kafka gave tandem.ops when it was created. A log that
-- was wiped and created again, or another deployment's log, has another id; the snapshot service refuses to fold it
-- into this database, because its revisions would meet revisions stored here from the other log.
create table log_identity (
    topic        varchar(249) primary key,
    topic_id     varchar(32)  not null,
    recorded_at  timestamptz  not null default now()
);
