from django.http import HttpResponse


def graphql_view(request):  # type: ignore[no-untyped-def]
    return HttpResponse("")
