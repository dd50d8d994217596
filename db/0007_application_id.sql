-- Mark the file as an Annotator project in the SQLite header (bytes 68-71, "ANNT"), so that the app
-- recognises its own files by more than a version number and never migrates or rewrites anyone else's.
-- Projects made before this migration are recognised by their tables and get the mark here.
PRAGMA application_id = 1095650900;
