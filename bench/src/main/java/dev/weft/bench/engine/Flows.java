package dev.weft.bench.engine;

/** The two benchmark processes, written as Camunda Modeler would save them (without diagram data). */
final class Flows {

    private Flows() {
    }

    private static final String HEAD = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://weft.dev/bench">
            """;

    static final String ONE_TASK = HEAD + """
              <bpmn:process id="one-task" isExecutable="true">
                <bpmn:startEvent id="start"/>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
                <bpmn:serviceTask id="task"><bpmn:extensionElements><zeebe:taskDefinition type="bench.task"/></bpmn:extensionElements></bpmn:serviceTask>
                <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
                <bpmn:endEvent id="end"/>
              </bpmn:process>
            </bpmn:definitions>
            """;

    /**
     * select -> exclusive gateway (merged again before the fork: a parallel gateway with two incoming flows would
     * wait for both) -> parallel (llm a, llm b) -> multi-instance retrieve x3 -> aggregate.
     */
    static final String AI_SHAPED = HEAD + """
              <bpmn:process id="ai-shaped" isExecutable="true">
                <bpmn:startEvent id="start"/>
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="select"/>
                <bpmn:serviceTask id="select"><bpmn:extensionElements><zeebe:taskDefinition type="bench.select"/></bpmn:extensionElements></bpmn:serviceTask>
                <bpmn:sequenceFlow id="f2" sourceRef="select" targetRef="route"/>
                <bpmn:exclusiveGateway id="route" default="slow"/>
                <bpmn:sequenceFlow id="fast" sourceRef="route" targetRef="merge"><bpmn:conditionExpression>=route = "fast"</bpmn:conditionExpression></bpmn:sequenceFlow>
                <bpmn:sequenceFlow id="slow" sourceRef="route" targetRef="merge"/>
                <bpmn:exclusiveGateway id="merge"/>
                <bpmn:sequenceFlow id="f2b" sourceRef="merge" targetRef="fork"/>
                <bpmn:parallelGateway id="fork"/>
                <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="llmA"/>
                <bpmn:sequenceFlow id="f4" sourceRef="fork" targetRef="llmB"/>
                <bpmn:serviceTask id="llmA"><bpmn:extensionElements><zeebe:taskDefinition type="bench.llm"/></bpmn:extensionElements></bpmn:serviceTask>
                <bpmn:serviceTask id="llmB"><bpmn:extensionElements><zeebe:taskDefinition type="bench.llm"/></bpmn:extensionElements></bpmn:serviceTask>
                <bpmn:sequenceFlow id="f5" sourceRef="llmA" targetRef="join"/>
                <bpmn:sequenceFlow id="f6" sourceRef="llmB" targetRef="join"/>
                <bpmn:parallelGateway id="join"/>
                <bpmn:sequenceFlow id="f7" sourceRef="join" targetRef="retrieve"/>
                <bpmn:serviceTask id="retrieve">
                  <bpmn:extensionElements><zeebe:taskDefinition type="bench.retrieve"/></bpmn:extensionElements>
                  <bpmn:multiInstanceLoopCharacteristics>
                    <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=items" inputElement="item"/></bpmn:extensionElements>
                  </bpmn:multiInstanceLoopCharacteristics>
                </bpmn:serviceTask>
                <bpmn:sequenceFlow id="f8" sourceRef="retrieve" targetRef="aggregate"/>
                <bpmn:serviceTask id="aggregate"><bpmn:extensionElements><zeebe:taskDefinition type="bench.aggregate"/></bpmn:extensionElements></bpmn:serviceTask>
                <bpmn:sequenceFlow id="f9" sourceRef="aggregate" targetRef="end"/>
                <bpmn:endEvent id="end"/>
              </bpmn:process>
            </bpmn:definitions>
            """;
}
