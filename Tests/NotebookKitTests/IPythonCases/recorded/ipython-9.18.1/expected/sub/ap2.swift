replaced
again
