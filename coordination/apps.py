from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "coordination"
