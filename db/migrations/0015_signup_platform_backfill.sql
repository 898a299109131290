-- Stores loaded before the merge set signup_platform have it empty everywhere: give each customer
-- the platform of its first identity (the first platform that brought it), as the merge now does.
UPDATE customers c SET signup_platform = first.platform
FROM (SELECT DISTINCT ON (customer_id) customer_id, platform FROM customer_identities ORDER BY customer_id, id) first
WHERE c.id = first.customer_id AND c.signup_platform IS NULL;
