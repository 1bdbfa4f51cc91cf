"""The GraphQL door: schema assembly, the view, context, errors, pagination, limits and the fast paths."""
