-- Who wrote what: the authorship runs of the text at each snapshot's revision, as the JSON array of the API's
-- runs ([{"length":12,"author":"c-7f3a9e","name":"Ada"}, ...], lengths in code points). So the authorship at any
-- revision is one snapshot's runs plus the text edits after it, like the text.
-- Null for snapshots stored before this migration: a reader then starts from the latest snapshot that has runs (or
-- from revision 0), and ./tandem rebuild-read-side refolds them all.
alter table snapshot add column authorship text;
