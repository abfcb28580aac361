"""Organisational intelligence of the health check: figures entered for an area, each with
where it came from and the date it is for. A figure can be changed or removed, each time
with a reason; nothing is deleted, and its history keeps every version and reason."""

from django.conf import settings
from django.db import models

from practiceqa.core.history import History
from practiceqa.core.models import TimeStampedModel
from practiceqa.core.services.locking import Versioned


class Area(models.TextChoices):
    """The five areas of the health check (the Social Work Task Force's employer standard)."""

    WORKLOAD = "workload", "Effective workload management"
    WORKFLOW = "workflow", "Proactive workflow management"
    TOOLS = "tools", "Having the right tools to do the job"
    HEALTHY_WORKPLACE = "healthy_workplace", "A healthy workplace"
    SERVICE_DELIVERY = "service_delivery", "Effective service delivery"


class Measure(models.TextChoices):
    VACANCY = "vacancy", "Vacancy rate (%)"
    TURNOVER = "turnover", "Staff turnover (%)"
    SICKNESS = "sickness", "Sickness absence (days per person a year)"
    AGENCY = "agency", "Agency staff (% of posts)"


class IntelligenceFigure(Versioned, TimeStampedModel):
    year = models.PositiveIntegerField()  # the financial year of the health check
    area = models.CharField(max_length=30, choices=Area.choices)
    measure = models.CharField(max_length=20, choices=Measure.choices)
    value = models.DecimalField(max_digits=8, decimal_places=2)
    source = models.CharField(max_length=300)
    as_of = models.DateField()
    change_reason = models.TextField(blank=True)  # why it was last changed or removed
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = History()

    class Meta:
        ordering = ["-year", "area", "measure", "-as_of"]

    def __str__(self) -> str:
        return f"{self.get_measure_display()}: {self.value}"
