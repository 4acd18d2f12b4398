"""``cf502lint logs``: read CloudFront access logs, count the 5xx responses, and explain them."""
