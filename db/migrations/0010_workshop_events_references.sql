-- The workshop event log keeps references only (an idea's id; a state is re-read on replay):
-- scrub the idea texts and participant names that older events carried in full.
UPDATE workshop_events SET data = json_object('id', json_extract(data, '$.id')) WHERE type = 'idea' AND json_valid(data);
UPDATE workshop_events SET data = '{}' WHERE type = 'state';
