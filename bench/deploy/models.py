from django.db import models


class DeployProbe(models.Model):
    name = models.CharField(max_length=50)
