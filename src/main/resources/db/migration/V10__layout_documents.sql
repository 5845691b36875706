-- Each layout version as it was loaded (the layout file's JSON), so that a restart replays the reads logged before a
-- newer version took effect under the version that was in force for them. Rows of versions loaded before this
-- migration have none.
ALTER TABLE layout_versions ADD COLUMN document text;
