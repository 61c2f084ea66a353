from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "npq.finance"
    label = "finance"
