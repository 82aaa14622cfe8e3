-- fleetdiff store, schema version 5: owned delivery claims. A claim names its claimant, so that only the process
-- (and deliverer) holding an alert can mark it delivered or failed, and a claimer whose lease another has taken over
-- learns so instead of recording over it.

-- Who holds or last held the delivery: a claimant id, unique per delivering process; null once a failed attempt
-- ends the claim, or for a delivery never claimed. next_attempt is the end of the claim's lease while it is held.
ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
