from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from api.view import graphql_view

handler403 = "frontend.views.permission_denied_view"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("graphql/", graphql_view, name="graphql"),
    path("", include("frontend.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
