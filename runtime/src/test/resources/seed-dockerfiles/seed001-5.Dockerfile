# Dockerfile
# base image
FROM ubuntu:18.04

# Ubuntu user 생성
# adduser에 'disabled-password' 옵션으로 password 입력 없이, 'gecos ""' 옵션으로 user 정보를 입력 없이 ubuntu라는 이름의 게정을 만든다.
RUN adduser --disabled-password --gecos "" ubuntu

# 위에서 만든 ubuntu user로 Container가 실행된다.
USER ubuntu
