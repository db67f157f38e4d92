-- Named versions (issue 12). A name is an edit of kind 'name' in the log, stored in op_log like every committed
-- edit (so ./tandem rebuild-read-side folds it again like the rest); this index lists a document's names without
-- scanning its text edits, as op_log_chat does for chat. A fork's pointer back is its revision 1 (kind 'fork'),
-- read by primary key: it needs no index.
create index op_log_name on op_log (doc_id, revision) where kind = 'name';
