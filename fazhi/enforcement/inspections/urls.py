"""Routes of 双随机一公开 (mounted at /enforcement/inspections/). Object routes take exactly one ``pk``."""

from django.urls import path

from fazhi.enforcement.inspections.views import pools, tasks

app_name = "inspections"

urlpatterns = [
    path("", tasks.TaskListView.as_view(), name="list"),
    path("new/", tasks.TaskCreateView.as_view(), name="create"),
    path("<uuid:pk>/", tasks.TaskDetailView.as_view(), name="detail"),
    path("<uuid:pk>/edit/", tasks.TaskUpdateView.as_view(), name="edit"),
    path("<uuid:pk>/delete/", tasks.TaskDeleteView.as_view(), name="delete"),
    path("<uuid:pk>/draw/", tasks.TaskDrawView.as_view(), name="draw"),
    path("<uuid:pk>/verify/", tasks.TaskVerifyView.as_view(), name="verify"),
    path("<uuid:pk>/finish/", tasks.TaskFinishView.as_view(), name="finish"),
    path("<uuid:pk>/publish/", tasks.TaskPublishView.as_view(), name="publish"),
    path("drawn/<uuid:pk>/result/", tasks.ResultEntryView.as_view(), name="result"),
    path("entities/", pools.EntityListView.as_view(), name="entities"),
    path("entities/new/", pools.EntityCreateView.as_view(), name="entity-create"),
    path("entities/<uuid:pk>/edit/", pools.EntityUpdateView.as_view(), name="entity-edit"),
    path("inspectors/", pools.InspectorListView.as_view(), name="inspectors"),
    path("inspectors/new/", pools.InspectorCreateView.as_view(), name="inspector-create"),
    path("inspectors/<uuid:pk>/edit/", pools.InspectorUpdateView.as_view(), name="inspector-edit"),
    path("conflicts/", pools.ConflictListView.as_view(), name="conflicts"),
    path("conflicts/new/", pools.ConflictCreateView.as_view(), name="conflict-create"),
    path("conflicts/<uuid:pk>/delete/", pools.ConflictDeleteView.as_view(), name="conflict-delete"),
]
