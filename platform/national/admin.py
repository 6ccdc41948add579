from django.contrib import admin

from .models import NationalSharing


@admin.register(NationalSharing)
class NationalSharingAdmin(admin.ModelAdmin):
    list_display = ("province", "city_breakdown", "updated")
